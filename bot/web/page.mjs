// The campaign page's only script tag: everything it needs is served by the assistant itself.
import { start } from './netsafe.mjs'

start(new URL('../', import.meta.url), document)
