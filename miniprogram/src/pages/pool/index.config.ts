export default definePageConfig({
  navigationBarTitleText: '公海',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark'
})
