"""TBT briefings (TBT 简报): figures, subscriptions, the monthly push and the PDF."""
