"""How visitors reach the assistant over the web: the checked REST channel (rest.py), and the campaign page
with its chat and quick exit (campaign.py, served from content/campaign.yml and components/)."""
