"""tender-audit: how hard public procurement portals make it for suppliers to bid."""
__version__ = "0.1.0"
TOOL_NAME = "tender-audit"
HOMEPAGE = "https://github.com/tender-audit/tender-audit"
