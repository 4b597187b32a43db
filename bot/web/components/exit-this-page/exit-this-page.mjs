/**
 * The quick exit: GOV.UK Frontend's own "Exit this page" component, plus one thing it cannot know
 * about: the chat must be cleared the moment the page is left.
 *
 * GOV.UK's component blanks the page (it adds `govuk-exit-this-page-hide-content` to <body> and an
 * overlay) and opens the neutral site, on a click of the button or Shift pressed 3 times. We watch
 * for that class rather than copying its key handling, so the two can never disagree.
 */
import { ExitThisPage } from './govuk-exit-this-page.mjs'

const HIDDEN = 'govuk-exit-this-page-hide-content'

/**
 * @param {HTMLElement} $root - the component's `.govuk-exit-this-page` element
 * @param {Record<string, string>} i18n - what screen readers hear (content/campaign.yml's `exit`)
 * @param {() => void} onExit - clears everything the visitor did on the page
 */
export function startExit ($root, i18n, onExit) {
  new ExitThisPage($root, { i18n }) // eslint-disable-line no-new
  const observer = new MutationObserver(() => {
    if (document.body.classList.contains(HIDDEN)) onExit()
  })
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] })
}

/**
 * The component's markup, for pages that embed the chat and don't have it: a real link to the
 * neutral site, so it works before (and without) any script.
 * @param {{url: string, button: string}} exit
 */
export function exitMarkup (exit) {
  const $root = document.createElement('div')
  $root.className = 'govuk-exit-this-page'
  const $link = document.createElement('a')
  $link.href = exit.url
  $link.rel = 'nofollow noreferrer'
  $link.setAttribute('role', 'button')
  $link.draggable = false
  $link.className = 'govuk-button govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button'
  $link.textContent = exit.button
  $root.append($link)
  return $root
}
