// Unit tests for linkify, run with `node --test` (tests/unit/test_web_components.py runs them in `make test`).
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { linkify } from './linkify.mjs'

const LINKS = [
  { text: '123', href: 'tel:123' },
  { text: '45678 123', href: 'tel:45678123' },
  { text: '0100 2000 300', href: 'tel:01002000300' },
  { text: 'help.example.org', href: 'https://help.example.org' },
  { text: 'get-help.help.example.org', href: 'https://get-help.help.example.org' },
  { text: 'someone@help.example', href: 'mailto:someone@help.example' }
]

const links = (text) => linkify(text, LINKS).filter((part) => part.href).map((part) => [part.text, part.href])

test('a known number becomes a tel: link and the words around it stay text', () => {
  assert.deepEqual(linkify('Call 0100 2000 300 now.', LINKS), [
    { text: 'Call ' },
    { text: '0100 2000 300', href: 'tel:01002000300' },
    { text: ' now.' }
  ])
})

test('the longest contact wins: the textphone is not read as its last digits', () => {
  assert.deepEqual(links('Textphone 45678 123, or call 123.'), [['45678 123', 'tel:45678123'], ['123', 'tel:123']])
})

test('a subdomain is its own link, not its parent domain', () => {
  assert.deepEqual(links('Try get-help.help.example.org or help.example.org.'), [
    ['get-help.help.example.org', 'https://get-help.help.example.org'],
    ['help.example.org', 'https://help.example.org']
  ])
})

test('a known domain inside another address is not a link', () => {
  assert.deepEqual(links('help.example.org.evil.example and evil-help.example.org and x@help.example.org'), [])
})

test('numbers that only contain a known number are not links', () => {
  assert.deepEqual(links('1234, 01230 and 123rd'), [])
})

test('unknown numbers and addresses stay plain text', () => {
  assert.deepEqual(links('Call 0800 123 4567 or see example.com'), [])
})

test('a registry email becomes a mailto: link', () => {
  assert.deepEqual(links('Email someone@help.example'), [['someone@help.example', 'mailto:someone@help.example']])
})

test('HTML in a message is returned as text, never as markup', () => {
  assert.deepEqual(linkify('<img src=x onerror=alert(1)>', LINKS), [{ text: '<img src=x onerror=alert(1)>' }])
})

test('an empty message has no parts', () => {
  assert.deepEqual(linkify('', LINKS), [])
})
