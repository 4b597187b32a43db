"""Rasa's response generator, with the service registry's values filled into every response.

Named in endpoints.yml (`nlg: type: bot.nlg.RegistryNaturalLanguageGenerator`), it runs inside the
Rasa server, so responses that give a phone number never depend on the action server being up.
A response writes `{helpline.phone}`; this fills it from content/services.yml.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from bot.services import default_registry


class RegistryNaturalLanguageGenerator(TemplatedNaturalLanguageGenerator):
    """Fills responses from slots as Rasa does, and from the service registry."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None) -> None:
        domain = domain or Domain.empty()
        super().__init__(domain.responses)
        self.registry_values = default_registry().placeholders()

    def _response_variables(self, filled_slots: Dict[Text, Any], kwargs: Dict[Text, Any]) -> Dict[Text, Any]:
        # The registry wins over slots and arguments: a contact can never be overwritten by a conversation.
        variables = super()._response_variables(filled_slots, kwargs)
        variables.update(self.registry_values)
        return variables
