/** 我的入会申请: each application's status and timeline; a rejected one can be corrected. */
const { listPage } = require('../../utils/behaviors')
const { navigateTo } = require('../../utils/page')
const { labelOf } = require('../../utils/labels')
const { formatDateTime } = require('../../utils/format')

const STATUS_TAG = { pending: 'tag tag-warn', approved: 'tag tag-ok', rejected: 'tag tag-bad' }

function applicationView(application) {
  return Object.assign({}, application, {
    statusLabel: labelOf('application_status', application.status),
    statusTag: STATUS_TAG[application.status] || 'tag',
    orgName: application.org ? application.org.name : '',
    steps: (application.timeline || []).map(step => ({
      label: labelOf('application_event', step.event),
      at: formatDateTime(step.at),
      reason: step.reason || '',
    })),
  })
}

Component({
  behaviors: [listPage({ path: '/membership/applications/mine', toView: applicationView })],
  methods: {
    resubmit(e) {
      navigateTo(`/pages/membership/join?resubmit=${e.currentTarget.dataset.id}`)
    },
    apply() {
      navigateTo('/pages/membership/join')
    },
  },
})
