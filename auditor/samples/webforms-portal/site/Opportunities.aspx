<!DOCTYPE html>
<html lang="en">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Opportunities - Kingsmoor ProcureWeb</title>
<link href="/App_Themes/Kingsmoor/site.css" type="text/css" rel="stylesheet" />
</head>
<body>
<form method="post" action="./Opportunities.aspx" id="aspnetForm">
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
<h1>Current opportunities</h1>
<table class="grid" id="ctl00_Main_gvOpps" cellspacing="0" rules="all" border="1">
<tr><th scope="col">Title</th><th scope="col">Reference</th><th scope="col">Closing date</th></tr>
<tr><td><a id="ctl00_Main_gvOpps_ctl02_lnkTitle" href="/Opportunities/KM-201.aspx">Highways term maintenance contract</a></td><td>KM-201</td><td>15/07/2026</td></tr>
<tr><td><a id="ctl00_Main_gvOpps_ctl03_lnkTitle" href="/Opportunities/KM-202.aspx">Corporate printing services</a></td><td>KM-202</td><td>15/07/2026</td></tr>
<tr><td><a id="ctl00_Main_gvOpps_ctl04_lnkTitle" href="/Opportunities/KM-203.aspx">Care home fire safety works</a></td><td>KM-203</td><td>15/07/2026</td></tr>
</table>
</div>
<div class="footer">Kingsmoor ProcureWeb &copy; Kingsmoor City Council</div>
</form>
</body>
</html>
