"""Deadline reminders and the "due this week" page of comments and submissions."""
