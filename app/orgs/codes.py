"""The two codes an organisation carries: the federation's 组织代码 and the 统一社会信用代码."""
import re

#: 组织代码: letters, digits, '-' and '_', at most 32 characters (the key of the tree import).
ORG_CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")

#: GB 32100-2015: the 31 characters a credit code may use (no I, O, S, V, Z) and the weights of its
#: first 17 positions; the 18th is the check character.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def org_code_problem(code):
    """None when `code` is a usable 组织代码, otherwise the Chinese message saying why not."""
    if not isinstance(code, str) or not code.strip():
        return "请填写组织代码"
    if not ORG_CODE_PATTERN.match(code.strip()):
        return "组织代码应为 1 到 32 位字母、数字、“-”或“_”"
    return None


def credit_code_check_char(first17):
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def credit_code_problem(code):
    """None when `code` is a well-formed 统一社会信用代码 with the right check character."""
    if not isinstance(code, str) or len(code) != 18 or any(c not in CREDIT_CODE_CHARS for c in code):
        return "统一社会信用代码应为18位数字或大写字母（不含 I、O、S、V、Z）"
    if credit_code_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位错误"
    return None
