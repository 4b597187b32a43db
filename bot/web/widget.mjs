/**
 * The chat for another website: a police force's page includes it with one tag,
 *
 *   <script type="module" src="https://ASSISTANT/campaign/assets/widget.mjs"></script>
 *
 * and the chat appears where the tag is (or inside an element with `data-netsafe-chat`, if there is one),
 * with its own "Exit this page" button. It talks to the assistant it was loaded from. The assistant must
 * list the page's origin in CAMPAIGN_ORIGINS (see the README), or the browser refuses to let them talk.
 */
import { exitMarkup } from './exit-this-page.mjs'
import { loadConfig, start } from './netsafe.mjs'

const base = new URL('../', import.meta.url)

async function embed () {
  const stylesheet = document.createElement('link')
  stylesheet.rel = 'stylesheet'
  stylesheet.href = new URL('assets/netsafe.css', base).href
  document.head.append(stylesheet)

  const config = await loadConfig(base)
  const $chat = document.createElement('div')
  $chat.setAttribute('data-module', 'netsafe-chat')
  const $exit = exitMarkup(config.exit)
  const $place = document.querySelector('[data-netsafe-chat]')
  const $script = [...document.scripts].find((script) => script.src === import.meta.url)
  if ($place) $place.append($exit, $chat)
  else if ($script) $script.before($exit, $chat)
  else document.body.append($exit, $chat)
  await start(base, document, config)
}

embed()
