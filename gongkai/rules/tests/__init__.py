"""gongkai.rules 的测试。"""
