export default defineAppConfig({
  pages: [
    'pages/login/index',
    'pages/customers/index',
    'pages/customer-detail/index',
    'pages/customer-new/index',
    'pages/customer-edit/index',
    'pages/pool/index',
    'pages/pool-rules/index',
    'pages/pool-new/index',
    'pages/profile/index',
    'pages/approvals/index',
    'pages/approval-new/index',
    'pages/approval-detail/index',
    'pages/expense-report/index',
    'pages/wecom-contacts/index',
    'pages/wecom-contact/index',
    'pages/opportunities/index',
    'pages/opportunity-detail/index',
    'pages/opportunity-edit/index',
    'pages/stages/index',
    'pages/handover/index',
    'pages/handover-list/index',
    'pages/contracts/index',
    'pages/contract-new/index',
    'pages/contract-detail/index',
    'pages/targets/index',
    'pages/sidebar/index',
    'pages/escalation-settings/index'
  ],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#F5F6F8',
    navigationBarBackgroundColor: '#FFFFFF',
    navigationBarTitleText: '客户管理',
    navigationBarTextStyle: 'black'
  }
})
