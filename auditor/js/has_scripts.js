// Whether the page has any script: only a script can fetch content after load.
document.scripts.length > 0
