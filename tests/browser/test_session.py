"""Signing in, CSRF, and account revocation in a real browser."""
from tests.browser.conftest import sign_in


def test_sign_in_and_out(new_page, arranged):
    page = sign_in(new_page(), arranged["officers"]["xincheng"])
    assert page.url.endswith("/admin/")
    assert "新城区总工会" in page.inner_text("main")
    page.click("text=退出")
    page.wait_for_url("**/admin/login")
    page.goto("/admin/audit")
    assert "/admin/login" in page.url


def test_a_form_post_without_the_csrf_token_is_refused(new_page, arranged):
    page = sign_in(new_page(), arranged["officers"]["xincheng"])
    # A page elsewhere posting a form into /admin carries no token: build one the same way.
    page.evaluate("""() => { const f = document.createElement('form');
        f.method = 'post'; f.action = '/admin/logout'; document.body.appendChild(f); f.submit(); }""")
    page.wait_for_load_state()
    assert "表单已过期" in page.inner_text("main")
    page.goto("/admin/audit")
    assert page.url.endswith("/admin/audit")  # still signed in: the post did nothing


def test_disabling_an_officer_ends_their_session(new_page, arranged):
    victim = sign_in(new_page(), arranged["officers"]["victim"])
    victim.goto("/admin/audit")
    assert "审计日志" in victim.inner_text("h1")

    admin = sign_in(new_page(), arranged["officers"]["admin"])
    admin.goto("/admin/officers")
    admin.on("dialog", lambda dialog: dialog.accept())
    admin.click(f"tr:has-text('{arranged['officers']['victim']}') button:has-text('停用')")
    admin.wait_for_load_state()
    assert "其登录已全部失效" in admin.inner_text("main")

    victim.goto("/admin/audit")
    assert "/admin/login" in victim.url and "登录已失效" in victim.inner_text("main")
