/**
 * The chat: a conversation with the assistant over its REST channel, built inside `$root`.
 *
 * Safety and privacy decide its shape:
 * - What the assistant says is always added as text (textContent), never as HTML; only the
 *   registry's contacts become links (linkify.mjs).
 * - Nothing is stored in the browser. The conversation id is random, made for this page view and
 *   held in memory only; starting again or leaving the page clears the chat, and asks the assistant
 *   to delete the conversation at once rather than after its idle expiry.
 * - Every failure still leaves the visitor the emergency numbers (the assistant's failure reply).
 * - New messages are announced by a live region (role="log"); the reply indicator is a status.
 */
import { linkify } from './linkify.mjs'

/**
 * @typedef {object} ChatConfig
 * @property {string} webhook - the assistant's REST address
 * @property {string} forget - where to ask for a conversation to be deleted
 * @property {Record<string, string>} texts - the chat's labels, from content/campaign.yml
 * @property {{text: string, href: string}[]} links - the only contacts that become links
 */

export class Chat {
  /**
   * @param {HTMLElement} $root - the chat's container; what it held (the no-JavaScript note) is replaced
   * @param {ChatConfig} config
   */
  constructor ($root, config) {
    this.$root = $root
    this.config = config
    this.texts = config.texts
    this.sender = newConversationId()
    this.started = false
    this.busy = false
    this.build()
    this.showIntro()
  }

  build () {
    const texts = this.texts
    this.$root.replaceChildren()
    this.$root.classList.add('netsafe-chat')
    this.$log = element('div', { class: 'netsafe-chat__log', role: 'log', 'aria-label': texts.heading })
    this.$status = element('p', { class: 'netsafe-chat__typing', role: 'status' })
    this.$input = element('textarea', {
      class: 'govuk-textarea netsafe-chat__input',
      id: 'netsafe-chat-input',
      name: 'message',
      rows: '3',
      // Nothing typed is kept by the browser (no form history), or sent to a browser's online spelling
      // service ("enhanced spell check" sends text to its maker). The assistant forgives typos anyway.
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': 'netsafe-chat-hint'
    })
    this.$send = element('button', { type: 'submit', class: 'govuk-button netsafe-chat__send' }, texts.send)
    this.$restart = element('button', { type: 'button', class: 'govuk-button govuk-button--secondary' }, texts.restart)
    const $form = element('form', { class: 'netsafe-chat__form', novalidate: '' }, [
      element('div', { class: 'govuk-form-group' }, [
        element('label', { class: 'govuk-label govuk-label--s', for: 'netsafe-chat-input' }, texts.label),
        element('div', { class: 'govuk-hint', id: 'netsafe-chat-hint' }, texts.hint),
        this.$input
      ]),
      element('div', { class: 'govuk-button-group' }, [this.$send, this.$restart])
    ])
    this.$root.append(this.$log, this.$status, $form)

    $form.addEventListener('submit', (event) => {
      event.preventDefault()
      this.sendTyped()
    })
    this.$input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault()
        this.sendTyped()
      }
    })
    this.$restart.addEventListener('click', () => this.restart())
  }

  showIntro () {
    const $start = this.replyButton(this.texts.start, '/greet', false)
    this.$log.append(this.message('assistant', this.texts.intro, [$start]))
  }

  /** Forgets everything: the messages on screen, what was being typed, and the conversation (here and on the server). */
  clear () {
    this.$log.replaceChildren()
    this.$input.value = ''
    this.$status.textContent = ''
    if (this.started) {
      // A beacon is still sent while the page is being left; a plain-text body needs no preflight.
      navigator.sendBeacon(this.config.forget, JSON.stringify({ sender: this.sender }))
    }
    this.sender = newConversationId()
    this.started = false
  }

  restart () {
    this.clear()
    this.showIntro()
    this.$input.focus()
  }

  sendTyped () {
    const typed = this.$input.value.trim()
    if (!typed || this.busy) return
    this.$input.value = ''
    this.send(typed, typed)
  }

  /**
   * Sends one message and shows the replies.
   * @param {string} message - what the assistant receives (typed text, or a button's payload)
   * @param {string | null} shown - what the visitor sees as theirs, or null to show nothing
   */
  async send (message, shown) {
    if (this.busy) return
    if (shown) this.$log.append(this.message('visitor', shown))
    this.setBusy(true)
    this.started = true
    const sender = this.sender
    const replies = await this.ask(sender, message)
    this.setBusy(false)
    if (sender !== this.sender) return // started again or left while waiting: this reply is not wanted
    for (const reply of replies) {
      const buttons = (reply.buttons || []).map((button) => this.replyButton(button.title, button.payload, true))
      this.$log.append(this.message('assistant', reply.text || '', buttons))
    }
    this.$log.lastElementChild?.scrollIntoView({ block: 'nearest' })
  }

  /**
   * The assistant's replies, or one reply with the emergency numbers if it could not be reached.
   * @returns {Promise<{text?: string, buttons?: {title: string, payload: string}[]}[]>}
   */
  async ask (sender, message) {
    try {
      const response = await fetch(this.config.webhook, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sender, message }),
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer'
      })
      // 429: this conversation sent faster than a person could; its reply (with the emergency numbers) is shown.
      const replies = response.ok || response.status === 429 ? await response.json() : null
      if (Array.isArray(replies) && replies.some((reply) => reply.text)) return replies
    } catch (error) {
      // Network down or the assistant unreachable: fall through to the failure reply.
    }
    return [{ text: `${this.texts.unreachable} ${this.texts.failure}` }]
  }

  setBusy (busy) {
    this.busy = busy
    this.$status.textContent = busy ? this.texts.typing : ''
    this.$status.classList.toggle('netsafe-chat__typing--visible', busy)
    this.$send.setAttribute('aria-disabled', String(busy))
  }

  /**
   * One message in the log, its author named for screen readers.
   * @param {'assistant' | 'visitor'} author
   * @param {string} text
   * @param {HTMLElement[]} [buttons]
   */
  message (author, text, buttons = []) {
    const said = author === 'assistant' ? this.texts.assistant : this.texts.you
    const $text = element('p', { class: 'govuk-body netsafe-chat__text' }, [
      element('span', { class: 'govuk-visually-hidden' }, `${said}: `),
      ...(author === 'assistant' ? this.withLinks(text) : [document.createTextNode(text)])
    ])
    const children = [$text]
    if (buttons.length) children.push(element('div', { class: 'netsafe-chat__buttons' }, buttons))
    return element('div', { class: `netsafe-chat__message netsafe-chat__message--${author}` }, children)
  }

  /** The assistant's text as nodes: plain text, and links for the registry's contacts only. */
  withLinks (text) {
    return linkify(text, this.config.links).map((part) => {
      if (!part.href) return document.createTextNode(part.text)
      if (!part.href.startsWith('https:')) return element('a', { class: 'govuk-link', href: part.href }, part.text)
      return element('a', { class: 'govuk-link', href: part.href, target: '_blank', rel: 'noopener noreferrer' }, [
        document.createTextNode(part.text),
        element('span', { class: 'govuk-visually-hidden' }, ` ${this.texts.opens_in_new_tab}`)
      ])
    })
  }

  /**
   * A button under a reply: sends its payload, and shows its title as what the visitor said.
   * @param {boolean} echo - whether to show the title as the visitor's message
   */
  replyButton (title, payload, echo) {
    const $button = element('button', { type: 'button', class: 'govuk-button govuk-button--secondary netsafe-chat__choice' }, title)
    $button.addEventListener('click', () => this.send(payload, echo ? title : null))
    return $button
  }
}

/** A random conversation id for this page view: never stored, never derived from anything about the visitor. */
export function newConversationId () {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/**
 * A new element with attributes and children (text is always added as text, never parsed as HTML).
 * @param {string} name
 * @param {Record<string, string>} attributes
 * @param {string | Node[]} [children]
 */
export function element (name, attributes, children = []) {
  const $element = document.createElement(name)
  for (const [key, value] of Object.entries(attributes)) $element.setAttribute(key, value)
  if (typeof children === 'string') $element.textContent = children
  else $element.append(...children)
  return $element
}
