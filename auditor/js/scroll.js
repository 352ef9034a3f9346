// Scrolls the page back to [x, y], where a probe found it.
([x, y]) => { scrollTo(x, y); }
