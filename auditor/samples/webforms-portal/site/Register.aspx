<!DOCTYPE html>
<html lang="en">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Register - Kingsmoor ProcureWeb</title>
<link href="/App_Themes/Kingsmoor/site.css" type="text/css" rel="stylesheet" />
</head>
<body>
<form method="post" action="./Register.aspx" id="aspnetForm">
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
<h1>Supplier registration</h1>
<p>Fields marked with an asterisk are required.</p>
<table class="form">
<tr><td><label for="ctl00_Main_txtOrg">Organisation name</label></td><td><input name="ctl00$Main$txtOrg" type="text" id="ctl00_Main_txtOrg" required="required" /></td></tr>
<tr><td><label for="ctl00_Main_txtContact">Contact name</label></td><td><input name="ctl00$Main$txtContact" type="text" id="ctl00_Main_txtContact" required="required" /></td></tr>
<tr><td><label for="ctl00_Main_txtEmail">Email address</label></td><td><input name="ctl00$Main$txtEmail" type="email" id="ctl00_Main_txtEmail" required="required" /></td></tr>
<tr><td><label for="ctl00_Main_txtPhone">Telephone</label></td><td><input name="ctl00$Main$txtPhone" type="tel" id="ctl00_Main_txtPhone" /></td></tr>
<tr><td><label for="ctl00_Main_txtCompanyNo">Company number</label></td><td><input name="ctl00$Main$txtCompanyNo" type="text" id="ctl00_Main_txtCompanyNo" /></td></tr>
<tr><td><label for="ctl00_Main_txtPass1">Password</label></td><td><input name="ctl00$Main$txtPass1" type="password" id="ctl00_Main_txtPass1" required="required" /></td></tr>
<tr><td><label for="ctl00_Main_txtPass2">Confirm password</label></td><td><input name="ctl00$Main$txtPass2" type="password" id="ctl00_Main_txtPass2" required="required" /></td></tr>
</table>
<p><input type="submit" name="ctl00$Main$btnRegister" value="Register" id="ctl00_Main_btnRegister" /></p>
</div>
<div class="footer">Kingsmoor ProcureWeb &copy; Kingsmoor City Council</div>
</form>
</body>
</html>
