"""Domain errors of the union hierarchy (stable codes, Chinese messages)."""
from app.errors import NotFound


class OrgNotFound(NotFound):
    code, message = "org_not_found", "未找到该组织"
