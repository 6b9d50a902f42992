from gongkai.portal.management.commands.publish_site import Command

__all__ = ["Command"]
