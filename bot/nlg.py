"""Rasa's response generator, with the service registry's values filled into every response.

Named in endpoints.yml (`nlg: type: bot.nlg.RegistryNaturalLanguageGenerator`), it runs inside the
Rasa server, so responses that give a phone number never depend on the action server being up.
A response writes `{helpline.phone}`; this fills it from content/services.yml. It writes
`{profile.forces}` and the like for what differs between regions: those come from the campaign profile
(content/profiles/, chosen by CAMPAIGN_PROFILE).

`{helpline.status}` ("The helpline is open now." or when it opens again) is worked out here from the
clock at the moment of replying. Doing it here rather than in a custom action keeps every helpline
handoff free of the action server's round trip and its failures, and never lets a stale answer through.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Dict, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from bot.profiles import default_profile
from bot.services import default_registry


class RegistryNaturalLanguageGenerator(TemplatedNaturalLanguageGenerator):
    """Fills responses from slots as Rasa does, and from the service registry and campaign profile."""

    clock: Callable[[], datetime] = staticmethod(lambda: datetime.now(timezone.utc))

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None) -> None:
        domain = domain or Domain.empty()
        super().__init__(domain.responses)
        self.registry = default_registry()
        self.profile = default_profile()

    def _response_variables(self, filled_slots: Dict[Text, Any], kwargs: Dict[Text, Any]) -> Dict[Text, Any]:
        # The registry and profile win over slots and arguments: a conversation can never overwrite a contact.
        variables = super()._response_variables(filled_slots, kwargs)
        variables.update(self.registry.placeholders_at(self.clock()))
        variables.update(self.profile)
        return variables
