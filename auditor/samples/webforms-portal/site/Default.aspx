<!DOCTYPE html>
<html lang="en">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Home - Kingsmoor ProcureWeb</title>
<link href="/App_Themes/Kingsmoor/site.css" type="text/css" rel="stylesheet" />
</head>
<body>
<form method="post" action="./Default.aspx" id="aspnetForm">
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
<h1>Welcome to Kingsmoor ProcureWeb</h1>
<p>Kingsmoor City Council advertises its contract opportunities here.</p>
<p><a id="ctl00_Main_lnkOpps" href="/Opportunities.aspx">Browse current opportunities</a></p>
</div>
<div class="footer">Kingsmoor ProcureWeb &copy; Kingsmoor City Council</div>
</form>
</body>
</html>
