export default definePageConfig({
  navigationBarTitleText: '业绩目标',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark'
})
