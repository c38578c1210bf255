"""Rule checks that services run themselves, whoever called them (JSON API, officer screen, CLI).

The API schemas check the same things first for a friendly 422; these checks are the ones that
protect the data, so a caller that skips the schema still gets a ValidationFailed, never a 500 or
a blank reason stored.
"""
from decimal import Decimal

from app.errors import ValidationFailed


class Checks:
    """Collects per-field Chinese messages; `done()` raises them all at once as ValidationFailed."""

    def __init__(self):
        self.errors = {}

    def fail(self, field, message):
        self.errors.setdefault(field, []).append(message)

    def text(self, field, value, *, max_length, min_length=1, required=True, label="此项"):
        """The stripped text, or None when optional and blank; a message when it breaks the rule."""
        if value is not None and not isinstance(value, str):
            self.fail(field, f"{label}应为文本")
            return None
        value = (value or "").strip()
        if not value:
            if required:
                self.fail(field, f"请填写{label}")
            return None
        if len(value) < min_length or len(value) > max_length:
            self.fail(field, f"{label}应为 {min_length} 到 {max_length} 个字")
        return value

    def number(self, field, value, *, minimum, maximum, required=True, label="此项"):
        """An int/float/Decimal within [minimum, maximum]; None when optional and absent."""
        if value is None:
            if required:
                self.fail(field, f"请填写{label}")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            self.fail(field, f"{label}应为数字")
            return None
        if not minimum <= value <= maximum:
            self.fail(field, f"{label}应在 {minimum} 到 {maximum} 之间")
        return value

    def choice(self, field, value, choices, *, label="此项"):
        if value not in choices:
            self.fail(field, f"{label}不是允许的选项")
        return value

    def done(self):
        if self.errors:
            raise ValidationFailed(fields=self.errors)


def required_reason(reason, message="请填写原因", *, max_length=500, min_length=1, field="reason"):
    """A reason a decision must carry (reject, cancel, suspend …): stripped, 1–500 characters."""
    value = reason.strip() if isinstance(reason, str) else ""
    if len(value) < max(min_length, 1):
        raise ValidationFailed(fields={field: [message]})
    if len(value) > max_length:
        raise ValidationFailed(fields={field: [f"原因不能超过 {max_length} 个字"]})
    return value


def optional_reason(reason, *, max_length=500, field="reason"):
    """An optional note on a decision: stripped, None when blank, at most 500 characters."""
    checks = Checks()
    value = checks.text(field, reason, max_length=max_length, required=False, label="原因")
    checks.done()
    return value
