/** The number on the 消息 badge; 0 when the inbox cannot be read (the page works without it). */
const api = require('./api')

function unreadCount() {
  return api.get('/me/notifications', { per_page: 1 }).then(inbox => inbox.unread_count || 0, () => 0)
}

module.exports = { unreadCount }
