"""The stories stage: group documents that report the same event, across languages."""

from newsdesk.stories.cluster import StoryBuilder, StoryScore

__all__ = ["StoryBuilder", "StoryScore"]
