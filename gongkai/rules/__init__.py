"""政务公开业务规则：纯 Python 实现，不依赖 Django。"""
