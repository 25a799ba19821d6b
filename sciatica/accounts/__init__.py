"""A person's account settings: for now their time zone, which decides what "today" is for them."""
