/**
 * Starts the campaign page's scripts: the quick exit at once, then the chat, set up from the
 * assistant's config.json (the chat's words and the registry's contacts).
 *
 * If anything here fails, the page still works: the exit is a plain link to the neutral site and
 * the chat's container keeps its note with the numbers to call.
 */
import { Chat } from './chat.mjs'
import { startExit } from './exit-this-page.mjs'

/**
 * @param {URL} base - the assistant's campaign address, e.g. https://assistant.example/campaign/
 * @param {Document} document
 * @param {object} [config] - config.json's contents, if the caller has already loaded them
 */
export async function start (base, document, config) {
  document.body.classList.add('govuk-frontend-supported')
  // The exit starts first and needs nothing from the assistant: Shift x3 works even if the chat never loads.
  const chats = []
  const clearChats = () => chats.forEach((chat) => chat.clear())
  for (const $exit of document.querySelectorAll('[data-module="govuk-exit-this-page"]')) startExit($exit, clearChats)
  // Leaving in any other way (a link, closing the tab) clears the chat too, so that the Back button
  // or a restored tab never shows a conversation from the browser's memory.
  window.addEventListener('pagehide', clearChats)

  config = config || await loadConfig(base)
  config.webhook = new URL(config.webhook, base).href
  config.forget = new URL(config.forget, base).href
  for (const $root of document.querySelectorAll('[data-module="netsafe-chat"]')) chats.push(new Chat($root, config))
  return chats
}

/** The assistant's config.json: the chat's words, the contacts it may link, the exit. @param {URL} base */
export async function loadConfig (base) {
  const response = await fetch(new URL('config.json', base), { credentials: 'omit', cache: 'no-store' })
  if (!response.ok) throw new Error(`config.json: ${response.status}`)
  return response.json()
}
