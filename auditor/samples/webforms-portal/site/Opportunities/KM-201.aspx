<!DOCTYPE html>
<html lang="en">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Highways term maintenance contract - Kingsmoor ProcureWeb</title>
<link href="/App_Themes/Kingsmoor/site.css" type="text/css" rel="stylesheet" />
</head>
<body>
<form method="post" action="./KM-201.aspx" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY3NzE5MjIzOWRk4mT2yQ0pZkGnq3lF8sV1qJx0bWs=" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
function __doPostBack(eventTarget, eventArgument) {
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }
}
//]]>
</script>
<div id="ctl00_pnlHeader" class="header">
<a id="ctl00_lnkHome" href="/Default.aspx">Kingsmoor ProcureWeb</a>
<span class="search"><input name="ctl00$txtSearch" type="text" id="ctl00_txtSearch" title="Search" />
<input type="submit" name="ctl00$btnSearch" value="Go" id="ctl00_btnSearch" /></span>
</div>
<div id="ctl00_pnlMenu" class="menu">
<a id="ctl00_lnkOpps" href="/Opportunities.aspx">Opportunities</a> |
<a id="ctl00_lnkLogin" href="/Login.aspx">Log in</a> |
<a id="ctl00_lnkRegister" href="/Register.aspx">Register</a> |
<a id="ctl00_lnkAccessibility" href="/Accessibility.aspx">Accessibility</a>
</div>
<div id="ctl00_Main_pnlContent" class="content">
<h1><span id="ctl00_Main_lblTitle">Highways term maintenance contract</span></h1>
<table class="detail">
<tr><th>Reference</th><td><span id="ctl00_Main_lblRef">KM-201</span></td></tr>
<tr><th>Contracting authority</th><td>Kingsmoor City Council</td></tr>
<tr><th>Estimated value</th><td>£9,500,000</td></tr>
<tr><th>Closing date</th><td>15/07/2026 12:00</td></tr>
<tr><th>Procedure</th><td>Competitive flexible procedure</td></tr>
</table>
<p><a id="ctl00_Main_lnkDocuments" href="/Documents/KM-201.aspx">Tender documents</a></p>
</div>
<div class="footer">Kingsmoor ProcureWeb &copy; Kingsmoor City Council</div>
</form>
</body>
</html>
