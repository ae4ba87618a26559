"""Comments (评议) on WTO/TBT notifications and the submission they are merged into."""
