"""The `gongkai` command: Django's management commands under one name, with Chinese help."""

from __future__ import annotations

import os
import sys

HELP = """gongkai —— 政务公开与政府信息公开工作平台

用法：gongkai <命令> [选项]

常用命令：
  demo [--port N]        初始化数据库、载入演示数据（仅在数据库为空时）、启动网站和任务处理，并打印访问地址和演示账号
  serve [--port N]       启动网站（gunicorn）和内置的后台任务处理
  worker                 单独运行后台任务处理（部署时与 serve --no-worker 配合）
  migrate                创建或升级数据库
  createadmin            创建系统管理员账号
  check                  检查配置、数据库、存储目录和任务处理，有问题时以非零状态退出
  calendar show YEAR     查看某年的节假日和调休安排；calendar import-notice FILE 导入国务院办公厅的放假通知
  deadline --received D  计算依申请公开的答复期限（含补正、征求意见、延期等），并逐步说明
  fee by-piece|by-page   计算信息处理费（国办函〔2020〕109号）
  report parse FILE      读取已发布的政府信息公开工作年度报告，核对表格
  import documents FILE  从旧网站迁移政府信息（JSON Lines，每行一条；--publish 作为已发布导入）
  workplan import FILE   导入年度政务公开工作要点，分解为任务（--dry-run 只预览）；workplan remind 发送期限提醒
  search QUERY           检索已公开的政府信息（--format json）；search reindex 重建检索索引
  scan FILE...           检查文件（.txt/.html/.docx/.pdf）中的身份证号、手机号、银行卡号等个人信息
  backup FILE            把数据库和上传文件一起备份到一个归档文件
  restore FILE           从备份归档恢复到空的数据目录

数据目录由环境变量 GONGKAI_DATA_DIR 指定（默认 ./var）；设置 DATABASE_URL 改用 PostgreSQL。
每个命令都可以加 --help 查看详细说明；gongkai help --all 列出全部命令。
"""


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"} or args == ["help"]:
        print(HELP)
        return
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai", *args])


if __name__ == "__main__":
    main()
