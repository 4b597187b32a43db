"""How visitors reach the assistant over the web: the checked REST channel."""
