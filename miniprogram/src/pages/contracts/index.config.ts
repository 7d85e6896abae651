export default definePageConfig({
  navigationBarTitleText: '合同',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark'
})
