"""This app's part of the portal home page ("my work")."""

from careportal.home import WorkSection


def work_queue(user) -> list[WorkSection]:
    return []
