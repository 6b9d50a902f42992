"""Password rules with Chinese messages (Django's zh-hans catalogue misses some)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation as pv
from django.core.exceptions import ValidationError


class MinimumLengthValidator(pv.MinimumLengthValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短，至少需要{self.min_length}个字符。",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return f"密码至少需要{self.min_length}个字符。"


class CommonPasswordValidator(pv.CommonPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                "密码过于常见，容易被猜中，请换一个。", code="password_too_common"
            ) from None

    def get_help_text(self) -> str:
        return "密码不能是常见密码。"


class NumericPasswordValidator(pv.NumericPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if password.isdigit():
            raise ValidationError(
                "密码不能全是数字，请加入字母或符号。", code="password_entirely_numeric"
            )

    def get_help_text(self) -> str:
        return "密码不能全是数字。"


class UserAttributeSimilarityValidator(pv.UserAttributeSimilarityValidator):
    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                "密码与用户名或姓名太相似，请换一个。", code="password_too_similar"
            ) from None

    def get_help_text(self) -> str:
        return "密码不能与用户名、姓名或电子邮箱太相似。"
