"""The membership sheets of the officer screen's Excel export: applications and members."""
from app.admin.exports import Sheet, label, pages, person, when
from app.membership import services as membership


def _application_row(a, full):
    id_number, phone = person(a, full)
    return [a.id, a.name, id_number, phone, label("gender", a.gender), a.birth_date,
            a.ethnicity or "", a.education or "", a.political_status or "", label("household_type", a.household_type),
            "是" if a.is_migrant_worker else "否", label("occupation", a.occupation), a.employer, a.org.name,
            label("application_source", "pool" if a.in_pool else a.source), label("application_status", a.status),
            when(a.submitted_at), when(a.decided_at), a.reject_reason or ""]


def _member_row(m, full):
    id_number, phone = person(m, full)
    return [m.member_no, m.name, id_number, phone, label("gender", m.gender), label("occupation", m.occupation),
            m.employer, m.org.name, label("member_status", m.status), when(m.joined_at),
            *_person_details(m.application, m.birth_date)]


def _person_details(a, birth_date):
    """民族, 出生日期, 学历, 政治面貌, 户籍类型, 农民工: as the member gave them on their application."""
    return [a.ethnicity or "", birth_date, a.education or "", a.political_status or "",
            label("household_type", a.household_type), "是" if a.is_migrant_worker else "否"]


APPLICATIONS = Sheet(
    "applications", "入会申请",
    ["编号", "姓名", "身份证号", "手机号", "性别", "出生日期", "民族", "学历", "政治面貌", "户籍类型", "农民工",
     "职业", "单位或平台", "所属工会", "来源", "状态", "提交时间", "处理时间", "退回原因"],
    lambda actor, f: pages(lambda **kw: membership.list_applications(actor, **kw), f), _application_row)

MEMBERS = Sheet(
    "members", "会员",
    ["会员号", "姓名", "身份证号", "手机号", "性别", "职业", "单位或平台", "所属工会", "状态", "入会时间",
     "民族", "出生日期", "学历", "政治面貌", "户籍类型", "农民工"],
    lambda actor, f: pages(lambda **kw: membership.list_members(actor, with_application=True, **kw), f), _member_row)
