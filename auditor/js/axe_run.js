// axe-core's violations on the whole document (axe itself is installed in the same isolated world).
() => axe.run(document, { resultTypes: ["violations"] })
