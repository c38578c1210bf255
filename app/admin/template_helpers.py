"""Jinja globals and filters of the web screen: CSRF token, local times, Chinese labels."""
from decimal import Decimal

from flask import current_app, g, request, url_for
from markupsafe import Markup

from app.admin.guard import csrf_token
from app.admin.web import nav_items
from app.audit.exports import change_lines
from app.labels import all_labels
from app.personal_data import mask_phone
from app.timeutil import to_local, utcnow


def localtime(value, fmt="%Y-%m-%d %H:%M"):
    """A stored UTC datetime (or a date) as Shanghai wall time; '—' when empty."""
    if value is None:
        return "—"
    if hasattr(value, "astimezone") and hasattr(value, "hour"):
        return to_local(value).strftime(fmt)
    return value.strftime("%Y-%m-%d")


def waited(value):
    """(whole days since `value` in Shanghai days, past the configured limit — longer than
    QUEUE_WAIT_LIMIT_DAYS?) for the queue."""
    days = (to_local(utcnow()).date() - to_local(value).date()).days
    return days, days > current_app.config["QUEUE_WAIT_LIMIT_DAYS"]


def yuan(value, sign=True):
    """Money as officers read it: ¥326,700.00 (without the sign where the label already says 元)."""
    if value is None or value == "":
        return "—"
    return f"{'¥' if sign else ''}{Decimal(value):,.2f}"


def num(value):
    """A count as officers read it: 323,000."""
    return "—" if value is None else f"{value:,}"


def label(value, kind):
    """A code (e.g. 'food_delivery') in Chinese, from its domain's labels (app.labels)."""
    if value is None:
        return "—"
    return all_labels().get(kind, {}).get(value, value)


def url_with(**changes):
    """This page's URL with some query arguments changed (filters, sorting, pages)."""
    args = request.args.to_dict()
    args.update({k: v for k, v in changes.items() if v is not None})
    for key in [k for k, v in changes.items() if v is None]:
        args.pop(key, None)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def page_numbers(page, pages, *, more=False, around=2):
    """The page links a pager shows: the first, the last (unless `more`: the list goes on past a
    capped count), and `around` pages either side of this one; None where pages are skipped (…).
    page_numbers(50, 400) → [1, None, 48, 49, 50, 51, 52, None, 400]."""
    shown = {1, *range(max(1, page - around), min(pages, page + around) + 1)}
    if not more:
        shown.add(pages)
    numbers = []
    for number in sorted(shown):
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def kept_page_size():
    """A list's filter form keeps the page size the officer chose (the pager's 每页)."""
    per_page = request.args.get("per_page", type=int)
    return Markup(f'<input type="hidden" name="per_page" value="{per_page}">') if per_page else ""


def orgs_options(orgs):
    """(id, name indented by depth) for an org <select>; orgs are (id, name, path, …) rows."""
    if not orgs:
        return []
    top = min(org.path.count("/") for org in orgs)
    return [(org.id, "\u3000" * (org.path.count("/") - top) + org.name) for org in orgs]


class KeptForm:
    """What an officer typed into a form that the service refused, to fill it in again."""

    def __init__(self, values=None):
        self.values = values or {}

    def __bool__(self):
        return bool(self.values)

    def get(self, name, default=""):
        found = self.values.get(name)
        return found[0] if found else default

    def getlist(self, name, default=()):
        return self.values.get(name, list(default)) if self.values else list(default)


def kept(form_id):
    """The kept values of `form_id`, if the page was reached from its refused post (web.take_kept_form)."""
    found = g.get("kept_form") or {}
    return KeptForm(found.get("values") if found.get("form") == form_id else None)


def register(app):
    app.jinja_env.globals.update(csrf_token=csrf_token, url_with=url_with, all_labels=all_labels,
                                 current_officer=lambda: g.get("officer"),
                                 nav_items=nav_items, orgs_options=orgs_options, kept=kept, page_numbers=page_numbers,
                                 kept_page_size=kept_page_size,
                                 change_lines=change_lines)
    app.jinja_env.filters.update(localtime=localtime, label=label, waited=waited, yuan=yuan, num=num, phone=mask_phone)
