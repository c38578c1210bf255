/** 夏季送清凉: the heat-relief campaigns, when to sign up and when to pick the pack up. */
const { listPage } = require('../../utils/behaviors')
const { navigateTo } = require('../../utils/page')
const { formatRange } = require('../../utils/format')

function phase(campaign, now) {
  if (now < Date.parse(campaign.signup_starts_at)) return { open: false, phaseLabel: '报名未开始' }
  if (now > Date.parse(campaign.signup_ends_at)) return { open: false, phaseLabel: '报名已结束' }
  return { open: true, phaseLabel: '报名中' }
}

function campaignView(campaign) {
  const contents = campaign.pack_contents
  return Object.assign({}, campaign, phase(campaign, Date.now()), {
    signupWindow: formatRange(campaign.signup_starts_at, campaign.signup_ends_at),
    pickupWindow: formatRange(campaign.pickup_starts_at, campaign.pickup_ends_at),
    packText: Array.isArray(contents) ? contents.join('、') : (contents || ''),
    // The server sends display labels beside the codes (eligibility / limit are machine values).
    eligibilityText: campaign.eligibility_label || '',
    limitText: campaign.limit_label || '',
  })
}

Component({
  behaviors: [listPage({ path: '/campaigns', toView: campaignView })],
  methods: {
    chooseStation(e) {
      const campaign = this.data.items.find(item => item.id === e.currentTarget.dataset.id)
      if (!campaign || !campaign.open) return
      navigateTo(`/pages/campaigns/stations?campaign_id=${campaign.id}&name=${encodeURIComponent(campaign.name)}`)
    },
    openSignups() {
      navigateTo('/pages/campaigns/signups')
    },
  },
})
