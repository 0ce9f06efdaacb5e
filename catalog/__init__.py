"""Reference data: scene guides, yearly rules, forms, regions (the case library is the package library/)."""
