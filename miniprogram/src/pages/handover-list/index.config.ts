export default definePageConfig({
  navigationBarTitleText: '交接记录',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark'
})
