"""tender-audit's gathering side: the browser, the crawl, the request policy and the run directory.

The tool's identity (name, version, homepage) is in model, beneath every side."""
