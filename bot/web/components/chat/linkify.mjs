/**
 * Splits an assistant's message into text and links, for the registry's own contacts only.
 *
 * The assistant's words are always shown as text. A phone number, web address or email address
 * becomes a link only when it is one of the services' contacts (the `links` the page is given),
 * so nothing else in a message, and nothing a visitor typed, can ever turn into a link.
 *
 * @param {string} text - the message as the assistant sent it
 * @param {{text: string, href: string}[]} links - the registry's contacts and where each leads
 * @returns {{text: string, href?: string}[]} the message in order, as plain parts and link parts
 */
export function linkify (text, links) {
  const known = [...links].sort((a, b) => b.text.length - a.text.length)
  if (!known.length) return text ? [{ text }] : []
  const byText = new Map(known.map((link) => [link.text, link.href]))
  // Not inside a longer number, word, address or email: "123" in "45678 123", "0800 123 4567" or "1234" is not 123.
  const pattern = new RegExp(
    `(?<![\\w.@/-])(?<!\\d )(${known.map((link) => escapeRegExp(link.text)).join('|')})(?![\\w@-]|\\.\\w| \\d)`,
    'g'
  )
  const parts = []
  let last = 0
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) })
    parts.push({ text: match[1], href: byText.get(match[1]) })
    last = match.index + match[1].length
  }
  if (last < text.length) parts.push({ text: text.slice(last) })
  return parts
}

/** @param {string} text */
function escapeRegExp (text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
