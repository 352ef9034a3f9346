// The page's full height in CSS px, for a full-page screenshot's clip.
Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)
