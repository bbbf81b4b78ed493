"""Tin Cơ Sở: the platform for grassroots information work (công tác thông tin cơ sở)."""

__version__ = "0.1.0"
