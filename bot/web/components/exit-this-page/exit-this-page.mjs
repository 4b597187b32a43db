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
 * @param {HTMLElement} $root - the component's `.govuk-exit-this-page` element; what screen readers hear
 *   is in its `data-i18n.*` attributes, as GOV.UK's template writes them
 * @param {() => void} onExit - clears everything the visitor did on the page
 */
export function startExit ($root, onExit) {
  new ExitThisPage($root) // eslint-disable-line no-new
  const observer = new MutationObserver(() => {
    if (document.body.classList.contains(HIDDEN)) onExit()
  })
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] })
}

/**
 * The component's markup (as templates.html has it), for pages that embed the chat and don't have it.
 * @param {Record<string, string>} exit - content/campaign.yml's `exit`
 */
export function exitMarkup (exit) {
  const $root = document.createElement('div')
  $root.className = 'govuk-exit-this-page'
  $root.setAttribute('data-module', 'govuk-exit-this-page')
  $root.setAttribute('data-i18n.activated', exit.activated)
  $root.setAttribute('data-i18n.timed-out', exit.timed_out)
  $root.setAttribute('data-i18n.press-two-more-times', exit.press_two_more_times)
  $root.setAttribute('data-i18n.press-one-more-time', exit.press_one_more_time)
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
