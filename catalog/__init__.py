"""Reference data (scene guides, yearly rules, forms) and the case library index."""
