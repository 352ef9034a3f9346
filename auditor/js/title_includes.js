// Whether the page's title contains `text` (a journey step waiting for a title, auditor/journeys.py).
(text) => document.title.includes(text)
