export default definePageConfig({
  navigationBarTitleText: '客户',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark'
})
