"""The safety layer: what keeps a visitor safe whatever the classifier thinks.

- `detector` and `phrases`: find crises and reports in any message, from phrases content owners keep
  in content/safety.yml, beside the classifier.
- `router`: the NLU component that lets the detector overrule the classifier at any turn.
- `tracker_store`: redacts every conversation before it is stored, and forgets it after 30 idle minutes;
  `endpoints_check` refuses a configuration without it.
- `log_scrubbing`: redacts every log line the Rasa processes write.
- `incoming`: cleans a visitor's message before Rasa reads it (length, control characters, `/intent` injections).
"""
