// Every string a page hands over is cut to a bound here, in the page, before it crosses into
// Python, and each cut is counted by what it cut (returned as `cut`), so the artifact says so.
// A page can make 2,000 links with 50 KB hrefs; only these bounds keep the artifact small.
const CUT = {};
const MAX_URL = 1024, MAX_SELECTOR = 300, MAX_NAME = 200, MAX_WORD = 100;
const tooLong = (value, max, what) => {
  if (value === null || value === undefined || String(value).length <= max) return false;
  CUT[what] = (CUT[what] || 0) + 1;
  return true;
};
const cap = (value, max, what) => {
  const s = value === null || value === undefined ? "" : String(value);
  return tooLong(s, max, what) ? s.slice(0, max) : s;
};
// Lists too: the first `max` items, counting the list as cut when there were more.
const capList = (list, max, what) => {
  if (list.length > max) CUT[what] = (CUT[what] || 0) + 1;
  return list.slice(0, max);
};
