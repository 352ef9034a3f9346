// Opens a tender notice in a pop-up window, as the site has done since 2004.
function openNotice(ref) {
  window.open('/tenders/' + ref + '.htm', 'notice', 'width=640,height=480,scrollbars=yes');
}
