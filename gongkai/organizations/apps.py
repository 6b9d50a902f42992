from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "gongkai.organizations"
    label = "organizations"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from gongkai.core.audit import register_verbs

        register_verbs(
            {
                "organizations.unit.created": "新建单位",
                "organizations.unit.updated": "修改单位",
                "organizations.unit.profile_updated": "维护单位公开信息",
                "organizations.unit.moved": "调整上级单位",
                "organizations.unit.activated": "启用单位",
                "organizations.unit.deactivated": "停用单位",
                "organizations.unit.imported": "从表格导入单位",
                "organizations.staff.created": "新建账号",
                "organizations.staff.updated": "修改账号",
                "organizations.staff.activated": "启用账号",
                "organizations.staff.deactivated": "停用账号",
                "organizations.staff.password_set": "设置密码",
                "organizations.role.granted": "授予角色",
                "organizations.role.revoked": "撤销角色",
            }
        )
