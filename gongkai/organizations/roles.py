"""Roles and what each may do: the one table that decides permissions.

A role is held in a unit; roles marked ``SUBTREE_BY_DEFAULT`` reach the units below
it too. Domain apps add their actions here, never their own role checks.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    DISCLOSURE_OFFICE = "disclosure_office", "政府信息公开工作机构"
    EDITOR = "editor", "部门信息员"
    REVIEWER = "reviewer", "审核人"
    SECRECY_REVIEWER = "secrecy_reviewer", "保密审查员"
    LEADER = "leader", "领导"
    SUPERVISOR = "supervisor", "政务公开主管部门"


class Action(models.TextChoices):
    UNIT_VIEW = "unit.view", "查看单位及其人员"
    UNIT_EDIT_PROFILE = "unit.edit_profile", "维护单位公开信息（简称、电话、地址等）"
    UNIT_MANAGE = "unit.manage", "新建、调整、停用下级单位"
    STAFF_MANAGE = "staff.manage", "管理工作人员账号"
    ROLE_GRANT = "role.grant", "授予和撤销角色"
    AUDIT_VIEW = "audit.view", "查看操作记录"
    CALENDAR_MANAGE = "calendar.manage", "维护节假日安排"
    PUBLICATION_VIEW = "publication.view", "查看本单位的政府信息（含草稿）"
    PUBLICATION_DRAFT = "publication.draft", "起草和修改政府信息"
    PUBLICATION_SOURCE_REVIEW = "publication.source_review", "源头审查"
    PUBLICATION_SECRECY_REVIEW = "publication.secrecy_review", "保密审查"
    PUBLICATION_FINAL_REVIEW = "publication.final_review", "发布审查"
    PUBLICATION_WITHDRAW = "publication.withdraw", "撤稿"
    PUBLICATION_LIFECYCLE = "publication.lifecycle", "变更政策文件有效性"
    CATALOG_MANAGE = "catalog.manage", "维护公开目录栏目"
    SENSITIVE_WORDS_MANAGE = "sensitive_words.manage", "维护敏感词表"
    APPLICATION_VIEW = "application.view", "查看依申请公开件（不含申请人个人信息）"
    APPLICATION_REGISTER = "application.register", "登记、审核、分办依申请公开件"
    APPLICATION_HANDLE = "application.handle", "办理分办给本单位的依申请公开件"
    APPLICATION_APPROVE_EXTENSION = (
        "application.approve_extension",
        "同意延长答复期限（政府信息公开工作机构负责人）",
    )
    APPLICATION_VIEW_PERSONAL = (
        "application.view_personal",
        "查看所办理申请的申请人身份证明和联系方式",
    )
    APPLICATION_REASONS_MANAGE = (
        "application.reasons_manage",
        "维护依申请公开答复理由库的文字",
    )
    WORKPLAN_VIEW = "workplan.view", "查看工作要点任务台账和考评通报"
    WORKPLAN_MANAGE = "workplan.manage", "导入和维护工作要点、分解和分派任务"
    TASK_REPORT = "task.report", "报送本单位承担任务的进展"
    ASSESSMENT_MANAGE = "assessment.manage", "考评打分和发布考评通报"
    REPORT_VIEW = "report.view", "查看政府信息公开工作年度报告及其统计明细"
    REPORT_EDIT = "report.edit", "编制年度报告（填写表二数字、撰写正文、导入上年报告）"
    REPORT_PUBLISH = "report.publish", "发布年度报告、确认核验不通过的项"


_ALL = frozenset(Action)

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: _ALL,
    Role.SUPERVISOR: frozenset(
        {
            Action.WORKPLAN_VIEW,
            Action.WORKPLAN_MANAGE,
            Action.ASSESSMENT_MANAGE,
            Action.UNIT_VIEW,
            Action.UNIT_EDIT_PROFILE,
            Action.UNIT_MANAGE,
            Action.AUDIT_VIEW,
            Action.PUBLICATION_VIEW,
            Action.CATALOG_MANAGE,
            Action.APPLICATION_VIEW,
            Action.APPLICATION_REASONS_MANAGE,
            Action.REPORT_VIEW,
        }
    ),
    Role.DISCLOSURE_OFFICE: frozenset(
        {
            Action.WORKPLAN_VIEW,
            Action.TASK_REPORT,
            Action.UNIT_VIEW,
            Action.UNIT_EDIT_PROFILE,
            Action.AUDIT_VIEW,
            Action.PUBLICATION_VIEW,
            Action.PUBLICATION_DRAFT,
            Action.PUBLICATION_WITHDRAW,
            Action.PUBLICATION_LIFECYCLE,
            Action.CATALOG_MANAGE,
            Action.APPLICATION_VIEW,
            Action.APPLICATION_REGISTER,
            Action.APPLICATION_HANDLE,
            Action.APPLICATION_APPROVE_EXTENSION,
            Action.APPLICATION_VIEW_PERSONAL,
            Action.REPORT_VIEW,
            Action.REPORT_EDIT,
            Action.REPORT_PUBLISH,
        }
    ),
    Role.EDITOR: frozenset(
        {
            Action.WORKPLAN_VIEW,
            Action.TASK_REPORT,
            Action.UNIT_VIEW,
            Action.UNIT_EDIT_PROFILE,
            Action.PUBLICATION_VIEW,
            Action.PUBLICATION_DRAFT,
            Action.APPLICATION_HANDLE,
            Action.APPLICATION_VIEW_PERSONAL,
        }
    ),
    Role.REVIEWER: frozenset(
        {
            Action.WORKPLAN_VIEW,
            Action.UNIT_VIEW,
            Action.AUDIT_VIEW,
            Action.PUBLICATION_VIEW,
            Action.PUBLICATION_SOURCE_REVIEW,
        }
    ),
    Role.SECRECY_REVIEWER: frozenset(
        {
            Action.WORKPLAN_VIEW,
            Action.UNIT_VIEW,
            Action.AUDIT_VIEW,
            Action.PUBLICATION_VIEW,
            Action.PUBLICATION_SECRECY_REVIEW,
            Action.SENSITIVE_WORDS_MANAGE,
        }
    ),
    Role.LEADER: frozenset(
        {
            Action.WORKPLAN_VIEW,
            Action.UNIT_VIEW,
            Action.AUDIT_VIEW,
            Action.PUBLICATION_VIEW,
            Action.PUBLICATION_FINAL_REVIEW,
            Action.PUBLICATION_WITHDRAW,
            Action.PUBLICATION_LIFECYCLE,
            Action.APPLICATION_VIEW,
            Action.REPORT_VIEW,
            Action.REPORT_PUBLISH,
        }
    ),
}

# Roles that reach the units below the unit they are held in unless granted otherwise.
SUBTREE_BY_DEFAULT: frozenset[str] = frozenset(
    {Role.ADMIN, Role.SUPERVISOR, Role.LEADER}
)


def role_allows(role: str, action: str) -> bool:
    return action in ROLE_ACTIONS.get(role, frozenset())
